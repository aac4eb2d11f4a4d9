# Card: finally runs on return, on exception and on break/continue - the return value is computed before finally runs
# region core
def read(n: int) -> str:
    print(f"try {n}")
    try:
        if n < 0:
            raise ValueError("negative")
        return f"value {n}"  # evaluated now, handed back after finally
    finally:
        print(f"finally {n}")


print(read(1))
try:
    read(-1)
except ValueError as e:
    print(f"caught {e}")
# endregion

# region loop
for i in range(3):
    try:
        if i == 0:
            continue
        if i == 2:
            break
        print(f"body {i}")
    finally:
        print(f"cleanup {i}")
# endregion
