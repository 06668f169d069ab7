# --set fixing every searched hyper a model can use (momentum is inactive once opt=adam): one training, no study of identical trials
# exp: run --out {out} --set opt=adam --set lr=0.01 --set hidden=16 examples/conditional.exp
# mask: floats
# exit: 0
