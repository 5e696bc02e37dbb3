import { createTRPCRouter } from '../../trpc';
import { createSpamRuleRoute } from './create-spam-rule';
import { enableSpamRuleRoute } from './enable-spam-rule';
import { getSpamSettingsRoute } from './get-spam-settings';
import { listSpamRulesRoute } from './list-spam-rules';
import { removeSpamRuleRoute } from './remove-spam-rule';
import { setExemptRolesRoute } from './set-exempt-roles';
import { updateSpamRuleRoute } from './update-spam-rule';

export const spamRouter = createTRPCRouter({
  list: listSpamRulesRoute,
  create: createSpamRuleRoute,
  update: updateSpamRuleRoute,
  enable: enableSpamRuleRoute,
  remove: removeSpamRuleRoute,
  settings: getSpamSettingsRoute,
  setExemptRoles: setExemptRolesRoute,
});
