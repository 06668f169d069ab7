# A model whose embedding is sized by the train block's `vocab` predicts
# text from its model file: the file records V (int_inputs) and the
# vocabulary (schema.tokens), so the table is rebuilt at the size training gave it
# setup: run --quiet --out {out} tests/cli/fixtures/text_vocab.exp
# exp: predict {out} tests/cli/fixtures/review_rows.csv
# mask: floats
# exit: 0
