# one word of a category's name names the category when no other has it ("tuning methods")
# exp: help tuning
# exit: 0
