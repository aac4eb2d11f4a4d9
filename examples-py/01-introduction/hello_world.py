# Card: print() vs Console.WriteLine - print joins its arguments with spaces and ends with a newline
# region core
print("Hello, World!")
print("Hello", "World", 2025)        # several arguments: joined with " "
print("a", "b", "c", sep=", ")       # choose the separator
print("no newline...", end="")       # like Console.Write
print(" continued")
print([1, 2, 3])                     # a list prints its contents
# endregion
