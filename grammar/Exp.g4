// The grammar of .exp scripts (docs/language.md is the reference users read).
//
// Rules only: no actions, no predicates. Three things happen outside ANTLR,
// in compiler/parse/token_filter.cpp, before the parser sees a token:
//   * NL tokens are dropped inside ( ) and [ ], after a token that cannot end
//     a statement (an operator, ',', '=', '~', ':', '->', '{'), before '}'
//     and before '{' (no statement starts with one, so a block may open on
//     the line after its header),
//     and repeated NLs collapse into one — so the rules below can treat NL as
//     a plain separator and never see a blank line;
//   * brackets are matched and nesting depth is bounded (the ANTLR C++
//     runtime recurses per level and has no depth limit);
//   * lexer error tokens (stray characters, unterminated strings, malformed
//     numbers) become diagnostics.
// The top-level loop lives in C++ as well (parse/parse.cpp calls `line`
// repeatedly), so one broken statement never swallows the rest of a file.
grammar Exp;

// ---- top level ---------------------------------------------------------------

// One statement and its terminator. Also one REPL input line.
line : statement? (NL | EOF) ;

// The whole file, for tools that want one rule (the compiler loops over `line`).
program : line* EOF ;

statement
  : SEED expr                                    # seedStmt
  | IMPORT (dottedName | STRING)                 # importStmt
  | DATA name '=' expr                           # dataStmt
  | SPLIT name argBlock                          # splitStmt
  | hyperDecl                                    # hyperStmt
  | MODEL name '(' modelInputs? ')' ('->' shape)? block   # modelStmt
  | TRAIN name ON expr itemBlock                 # trainStmt
  | TUNE name? itemBlock                         # tuneStmt
  | REPORT name itemBlock                        # reportStmt
  | EVALUATE name (ON expr)?                     # evaluateStmt
  | SAVE name expr                               # saveStmt
  | PRINT expr                                   # printStmt
  | expr assignOp expr                           # topAssignStmt   // error production: `lr = 0.1` without `hyper`
  | expr                                         # exprStmt
  | ID dottedName                                # preprocessStmt  // standardize iris / onehot iris.col
  ;

dottedName : name ('.' name)* ;

// Statement keywords are soft: `iris.train`, `split { train: 0.6 }` and
// `moons(seed: 3)` use them as names after `.`, before `:` and as block keys.
// An expression cannot start with one (except `train.loss`), so `hyper if = 3`
// is a broken hyper declaration, not a stray expression. Only operators and
// `return`, `if`, `on` are reserved.
name : ID | SEED | IMPORT | DATA | SPLIT | HYPER | MODEL | PARAM | TRAIN | TUNE | REPORT | EVALUATE | SAVE | PRINT ;

// hyper NAME ~ SPACE [if COND] | hyper NAME = VALUE [if COND]
hyperDecl : HYPER name op=('~' | '=') expr (IF expr)? ;

// ---- models ------------------------------------------------------------------

modelInputs : modelInput (',' modelInput)* ','? ;
modelInput  : name ':' (shape | name) ;
shape       : '[' (expr (',' expr)* ','?)? ']' ;

block : '{' (modelItem (NL modelItem)*)? '}' ;

modelItem
  : PARAM name (':' shape)? (op=('~' | '=') expr)?   # paramItem   // '=' is an error production
  | hyperDecl                                      # hyperItem
  | RETURN expr                                    # returnItem
  | expr assignOp expr                             # assignItem  // `h = ...` is a local
  | expr                                           # exprItem    // error production: a value nobody uses
  ;

assignOp : '=' | '+=' | '-=' | '*=' | '/=' ;

// ---- train / tune / report blocks -------------------------------------------

itemBlock : '{' (blockItem (NL blockItem)*)? '}' ;

blockItem
  : name '=' expr                     # settingItem    // loss = ..., epochs = 200
  | name ':' expr (',' expr)* ','?    # colonItem      // test: accuracy, f1
  | name (STRING | NUMBER)?           # commandItem    // hypers / save "runs/iris"
  | expr                              # callItem       // stop_early(monitor: val.loss)
  ;

// split iris { train: 0.6, val: 0.2, test: 0.2, stratify: true }
argBlock : '{' (namedArg ((',' | NL) namedArg)* ','?)? '}' ;
namedArg : name ':' expr ;

// ---- expressions (earlier alternatives bind tighter) ----------------------

expr
  : expr '.' name                                # memberExpr
  | expr '(' args? ')'                           # callExpr
  | expr '[' (expr (',' expr)* ','?)? ']'        # indexExpr
  | <assoc=right> expr '^' expr                  # powExpr
  | '-' expr                                     # negExpr
  | expr op=('*' | '/' | '@') expr               # mulExpr
  | expr op=('+' | '-') expr                     # addExpr
  | expr op=('==' | '!=' | '<' | '<=' | '>' | '>=') expr   # cmpExpr
  | NOT expr                                     # notExpr
  | expr AND expr                                # andExpr
  | expr OR expr                                 # orExpr
  | NUMBER                                       # numberExpr
  | STRING                                       # stringExpr
  | ID                                           # nameExpr
  | TRAIN '.' name                               # trainMetricExpr   // train.loss
  | '(' expr ')'                                 # parenExpr
  | '[' (expr (',' expr)* ','?)? ']'             # listExpr
  ;

args : arg (',' arg)* ','? ;
arg  : (name ':')? expr ;

// ---- lexer -------------------------------------------------------------------

SEED : 'seed' ;
IMPORT : 'import' ;
DATA : 'data' ;
SPLIT : 'split' ;
HYPER : 'hyper' ;
MODEL : 'model' ;
PARAM : 'param' ;
RETURN : 'return' ;
TRAIN : 'train' ;
ON : 'on' ;
TUNE : 'tune' ;
REPORT : 'report' ;
EVALUATE : 'evaluate' ;
SAVE : 'save' ;
PRINT : 'print' ;
IF : 'if' ;
AND : 'and' ;
OR : 'or' ;
NOT : 'not' ;

// Punctuation gets names so the C++ side (token filter, messages) can refer to it.
LPAREN : '(' ;  RPAREN : ')' ;
LBRACK : '[' ;  RBRACK : ']' ;
LBRACE : '{' ;  RBRACE : '}' ;
COMMA : ',' ;  DOT : '.' ;  COLON : ':' ;  ARROW : '->' ;
TILDE : '~' ;  ASSIGN : '=' ;
PLUS_ASSIGN : '+=' ;  MINUS_ASSIGN : '-=' ;  STAR_ASSIGN : '*=' ;  SLASH_ASSIGN : '/=' ;
EQ : '==' ;  NE : '!=' ;  LE : '<=' ;  GE : '>=' ;  LT : '<' ;  GT : '>' ;
PLUS : '+' ;  MINUS : '-' ;  STAR : '*' ;  SLASH : '/' ;  AT : '@' ;  CARET : '^' ;

NUMBER
  : DIGITS ('.' DIGITS)? EXPONENT?
  | '.' DIGITS EXPONENT?
  ;
// `2x`, `1e`, `3.5.2`, `1e-`: one error token, so the message names the whole
// word (an exponent sign with no digits would otherwise leave a stray `-`).
BAD_NUMBER
  : DIGITS ('.' DIGITS)? EXPONENT? ([a-zA-Z_.] [a-zA-Z_0-9.]*)
  | (DIGITS ('.' DIGITS)? | '.' DIGITS) [eE] [+-] ([a-zA-Z_.] [a-zA-Z_0-9.]*)?
  ;

ID : [a-zA-Z_] [a-zA-Z_0-9]* ;

STRING : '"' (ESCAPE | ~["\\\r\n])* '"' ;
// A string the line ends inside of; the token filter reports it.
UNTERMINATED_STRING : '"' (ESCAPE | ~["\\\r\n])* '\\'? ;

NL : ('\r'? '\n' | '\r') ;
COMMENT : '#' ~[\r\n]* -> skip ;
WS : [ \t\f]+ -> skip ;

// Anything else is one error token (never a lexer error), reported by the filter.
ERROR_CHAR : . ;

fragment DIGITS : [0-9]+ ;
fragment EXPONENT : [eE] [+-]? DIGITS ;
fragment ESCAPE : '\\' ~[\r\n] ;
