BprobsJ<
J>ê N>ø)Q> H>9o‚>ŒË>4pO>{ÂP>XG>µ¸‚>ýd>"½M>Ó@Q>fýG>ÔO‚>