/** `npm run -s dev-token -- <group> [name]`: prints a staff token the local stack accepts. */
import { signDevToken, staffGroups } from './dev-auth.ts';

const [group, name] = process.argv.slice(2);
if (!group || !(staffGroups as readonly string[]).includes(group)) {
  console.error(`usage: npm run -s dev-token -- <${staffGroups.join('|')}> [name]`);
  process.exit(2);
}
console.log(await signDevToken(group, name ? { name } : {}));
