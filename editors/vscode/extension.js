// The VS Code side of exp: starts `exp lsp` (the language server, docs/editors.md)
// for .exp files. Everything else — diagnostics, completion, hover,
// definitions, symbols, formatting — comes from the server.
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration('exp').get('path') || 'exp';
  const serverOptions = { command, args: ['lsp'] };
  const clientOptions = { documentSelector: [{ scheme: 'file', language: 'exp' }] };
  client = new LanguageClient('exp', 'exp language server', serverOptions, clientOptions);
  context.subscriptions.push({ dispose: () => client && client.stop() });
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
