# a report that breaks the schema is refused with the reasons
# exp: show tests/cli/fixtures/invalid
# exit: 2
