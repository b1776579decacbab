"""Stage 2, canonical text -> normalised text: width folding (（）/()), page chrome, broken
labels, each line keeping its original number; and number words as printed (9754, 1.5万,
二十二). The lowest stage: every later one folds labels the way normalize does."""
