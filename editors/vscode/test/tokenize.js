// The grammar under VS Code's own TextMate engine (vscode-textmate with
// Oniguruma), on demand: `npm install --no-save vscode-textmate vscode-oniguruma`
// then `node test/tokenize.js ../../examples/*.exp`. Prints each file's
// keyword/comment/string/number counts and fails if a keyword of the lexer is
// not scoped keyword.* where the Python check (tests/editors/vscode_grammar.py)
// says it should be. CI runs the Python check, which needs no npm packages.
const fs = require('fs');
const path = require('path');
const vsctm = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const wasm = fs.readFileSync(path.join(path.dirname(require.resolve('vscode-oniguruma')), 'onig.wasm')).buffer;
const onigLib = oniguruma.loadWASM(wasm).then(() => ({
  createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
  createOnigString: (s) => new oniguruma.OnigString(s),
}));
const grammarPath = path.join(__dirname, '..', 'syntaxes', 'exp.tmLanguage.json');
const registry = new vsctm.Registry({
  onigLib,
  loadGrammar: async () => vsctm.parseRawGrammar(fs.readFileSync(grammarPath, 'utf8'), grammarPath),
});
const keywords = new Set(['seed', 'import', 'data', 'split', 'hyper', 'model', 'param', 'return', 'train', 'on',
                          'tune', 'report', 'evaluate', 'save', 'print', 'if', 'and', 'or', 'not']);

registry.loadGrammar('source.exp').then((grammar) => {
  let failures = 0;
  for (const file of process.argv.slice(2)) {
    const counts = {};
    let state = vsctm.INITIAL;
    fs.readFileSync(file, 'utf8').split('\n').forEach((line, n) => {
      const r = grammar.tokenizeLine(line, state);
      state = r.ruleStack;
      let inComment = false;
      for (const t of r.tokens) {
        const text = line.slice(t.startIndex, t.endIndex);
        const scope = t.scopes[t.scopes.length - 1];
        const kind = scope.split('.')[0];
        counts[scope] = (counts[scope] || 0) + 1;
        if (kind === 'comment') inComment = true;
        const word = text.trim();
        const afterDot = line.slice(0, t.startIndex).trimEnd().endsWith('.');
        if (!inComment && keywords.has(word) && !afterDot && !scope.startsWith('keyword') && !scope.startsWith('string')) {
          console.log(`${file}:${n + 1}:${t.startIndex + 1}: keyword \`${word}\` scoped ${scope}`);
          failures++;
        }
      }
    });
    console.log(path.basename(file), JSON.stringify(counts));
  }
  process.exit(failures ? 1 : 0);
});
