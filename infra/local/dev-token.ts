/** `npm run -s dev-token -- <group> [name]`: prints a staff token the local stack accepts. */
import { DEV_TOKEN_LIFETIME, signDevToken, staffGroups } from './dev-auth.ts';

const [group, name] = process.argv.slice(2);
if (!group || !(staffGroups as readonly string[]).includes(group)) {
  console.error(`usage: npm run -s dev-token -- <${staffGroups.join('|')}> [name]`);
  process.exit(2);
}
console.log(await signDevToken(group, name ? { name } : {}));
// On stderr, so `TOKEN=$(npm run -s dev-token -- caseworker)` still captures only the token.
console.error(`valid for ${DEV_TOKEN_LIFETIME}`);
