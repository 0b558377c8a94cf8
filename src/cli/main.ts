import { Command } from 'commander';
import { HotlineError } from '../errors.js';
import { registerAnnouncementCommands } from './announcements.js';
import { registerCallCommand } from './call.js';
import { registerCampaignCommands } from './campaign.js';
import { registerImportCommand } from './import.js';
import { registerIvrCommands } from './ivr.js';
import { registerLabCommands } from './lab.js';
import { registerPreviewCommands } from './preview.js';
import { registerReportsCommands } from './reports.js';
import { registerSimulateCommand } from './simulate.js';
import { registerStaffingCommands } from './staffing.js';
import { registerStartCommand } from './start.js';
import { registerTokenCommands } from './token.js';

const program = new Command('hotline')
  .description('contact-center engine on Asterisk ARI: 400 hotline IVR and outbound dialer')
  .option('-c, --config <file>', 'config file (YAML); default: config/default.yaml or $HOTLINE_CONFIG')
  .showHelpAfterError();

registerStartCommand(program);
registerLabCommands(program);
registerCallCommand(program);
registerIvrCommands(program);
registerCampaignCommands(program);
registerPreviewCommands(program);
registerImportCommand(program);
registerSimulateCommand(program);
registerStaffingCommands(program);
registerReportsCommands(program);
registerTokenCommands(program);
registerAnnouncementCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof HotlineError) {
    const where = err.key ? ` [${err.key}]` : '';
    process.stderr.write(`hotline: ${err.code}${where}: ${err.message}\n`);
    process.exit(err.code === 'CONFIG_INVALID' || err.code === 'CONFIG_NOT_FOUND' ? 78 : 1);
  }
  throw err;
}
