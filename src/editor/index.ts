/**
 * The stream config editor: code lenses, diagnostics, hovers, quick fixes, the explanation pages
 * and the stream commands, all reading one shared `StreamAnalysisService`.
 */
import * as vscode from 'vscode';
import { registerDisableStreamRule } from '../commands/streams/disableStreamRule';
import { registerExplainFaultTolerance } from '../commands/streams/explainFaultTolerance';
import { registerLintStreamConfigs } from '../commands/streams/lintStreamConfigs';
import type { Services } from '../services';
import { StreamCodeActionProvider } from './codeActionProvider';
import { StreamCodeLensProvider } from './codeLensProvider';
import { StreamDiagnostics } from './diagnostics';
import { FAULT_TOLERANCE_SCHEME, FaultTolerancePageProvider } from './faultTolerancePage';
import { StreamHoverProvider } from './hoverProvider';
import { RULE_SCHEME, RuleExplanationProvider } from './ruleExplanation';
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

export function registerStreamEditor(services: Services): StreamAnalysisService {
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
    vscode.workspace.registerTextDocumentContentProvider(FAULT_TOLERANCE_SCHEME, pages),
    vscode.workspace.registerTextDocumentContentProvider(RULE_SCHEME, new RuleExplanationProvider()),
    registerExplainFaultTolerance(analysis),
    registerLintStreamConfigs(analysis, diagnostics),
    registerDisableStreamRule(),
  );
  return analysis;
}
