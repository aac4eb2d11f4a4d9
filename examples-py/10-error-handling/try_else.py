# Card: try/except/else/finally - else runs only when nothing was raised, before finally; C# has no else, so that code sits inside try
# region core
def divide(a: int, b: int) -> None:
    try:
        result = a // b
    except ZeroDivisionError:
        print(f"{a}/{b}: cannot divide by zero")
    else:  # only on success; errors raised here are NOT caught above
        print(f"{a}/{b} = {result}")
    finally:
        print("done")


divide(7, 2)
divide(7, 0)
# endregion
