/**
 * The stream config editor: code lenses, diagnostics, hovers, quick fixes and the explanation
 * pages, all reading one shared `StreamAnalysisService`. The stream commands (src/commands/streams)
 * and the explorer receive what they use of it from activate().
 */
import * as vscode from 'vscode';
import type { Services } from '../services';
import { StreamCodeActionProvider } from './codeActionProvider';
import { StreamCodeLensProvider } from './codeLensProvider';
import { StreamDiagnostics } from './diagnostics';
import { FAULT_TOLERANCE_SCHEME, FaultTolerancePageProvider } from './faultTolerancePage';
import { StreamHoverProvider } from './hoverProvider';
import { RULE_SCHEME, RuleExplanationProvider, ruleTitle } from './ruleExplanation';
import { StreamAnalysisService, streamAnalysis } from './streamAnalysisService';

export { StreamAnalysisService, streamAnalysis } from './streamAnalysisService';
export type { StreamAnalysisChange } from './streamAnalysisService';

/** JSON, JSONC and YAML documents, saved or not: the providers themselves skip what is not a stream config. */
const SELECTOR: vscode.DocumentSelector = [
  { language: 'json', scheme: 'file' },
  { language: 'jsonc', scheme: 'file' },
  { language: 'json', scheme: 'untitled' },
  { language: 'jsonc', scheme: 'untitled' },
  { language: 'yaml', scheme: 'file' },
  { language: 'yaml', scheme: 'untitled' },
];

/** What the editor hands to the commands and the explorer. */
export interface StreamEditor {
  analysis: StreamAnalysisService;
  diagnostics: StreamDiagnostics;
}

export function registerStreamEditor(services: Services): StreamEditor {
  const analysis = streamAnalysis(services);
  const diagnostics = new StreamDiagnostics(analysis);
  const lenses = new StreamCodeLensProvider(analysis);
  const pages = new FaultTolerancePageProvider(analysis);
  services.context.subscriptions.push(
    diagnostics,
    lenses,
    pages,
    vscode.languages.registerCodeLensProvider(SELECTOR, lenses),
    vscode.languages.registerHoverProvider(SELECTOR, new StreamHoverProvider(analysis)),
    vscode.languages.registerCodeActionsProvider(SELECTOR, new StreamCodeActionProvider(analysis), StreamCodeActionProvider.metadata),
    services.pages.register({ scheme: FAULT_TOLERANCE_SCHEME, provider: pages }),
    services.pages.register({ scheme: RULE_SCHEME, provider: new RuleExplanationProvider(), title: ruleTitle }),
  );
  return { analysis, diagnostics };
}
