# Card: an unhandled exception ends the program with a nonzero exit code - what was printed before the crash is still there
# region core
def parse_all(items: list[str]) -> None:
    for item in items:
        print(f"parsed {int(item)}")  # int("three") raises ValueError


print("starting")
parse_all(["1", "2", "three", "4"])
print("never printed")  # the traceback goes to stderr, exit code 1
# endregion
