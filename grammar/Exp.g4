// Placeholder: the full grammar lands with the front end.
grammar Exp;
program : EOF ;
WS : [ \t\r\n]+ -> skip ;
