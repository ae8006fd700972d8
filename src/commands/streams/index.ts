/**
 * The stream config commands: Explain Stream Fault Tolerance, Lint Stream Configs in Workspace and
 * Disable Stream Rule in Workspace. Called once from activate() with the editor's services they use.
 */
import type { StreamEditor } from '../../editor';
import type { Services } from '../../services';
import { registerDisableStreamRule } from './disableStreamRule';
import { registerExplainFaultTolerance } from './explainFaultTolerance';
import { registerLintStreamConfigs } from './lintStreamConfigs';

export function registerStreamCommands(services: Services, editor: StreamEditor): void {
  services.context.subscriptions.push(
    registerExplainFaultTolerance(editor.analysis, services.pages),
    registerLintStreamConfigs(editor.analysis, editor.diagnostics),
    registerDisableStreamRule(),
  );
}
