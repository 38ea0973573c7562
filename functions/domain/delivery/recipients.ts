/**
 * Contact details for outbox messages, read at the moment of sending: a party's own `PERSON#`
 * item (never copied into the message), or the council's configured addresses for staff teams.
 */
import type { CouncilConfig } from '../../config/council.ts';
import type { Person } from '../model/party.ts';
import { getItem, type TableAccess } from '../table-access.ts';
import type { DeliverableMessage, Recipient } from './model.ts';
import type { RecipientDirectory } from './ports.ts';

export function tableRecipientDirectory(access: TableAccess, council: CouncilConfig): RecipientDirectory {
  return {
    async recipientOf(message: DeliverableMessage): Promise<Recipient | undefined> {
      if (message.to === 'managers') return { email: council.staffNotifications.managers };
      if (message.to === 'legal-team')
        return {
          name: council.legalTeam.name,
          email: council.staffNotifications.legalTeam,
          addressLines: [...council.legalTeam.address.lines, council.legalTeam.address.postcode],
        };
      if (!message.partyId) return undefined;
      const person = await getItem<Person>(access, { pk: `PERSON#${message.partyId}`, sk: 'PROFILE' });
      if (!person || person.anonymisedAt) return undefined;
      const { line1, line2, town, postcode } = person.address;
      return {
        ...(person.name ? { name: person.name } : {}),
        ...(person.email ? { email: person.email } : {}),
        ...(person.phone ? { phone: person.phone } : {}),
        addressLines: [line1, line2, town, postcode].filter((line): line is string => Boolean(line)),
      };
    },
  };
}
