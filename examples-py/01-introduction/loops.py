# Card: for (int i...)/foreach vs for ... in range()/for ... in - range's stop is exclusive and there is no i++
fruits = ["apple", "banana", "cherry"]
# region core
for i in range(3):                     # 0, 1, 2
    print(f"i = {i}")

for i in range(10, 0, -3):             # start, stop (exclusive), step
    print(f"{i}...", end=" ")
print("liftoff")

for fruit in fruits:                   # like foreach
    print(fruit.upper())

for index, fruit in enumerate(fruits):  # index and item together
    print(f"{index}: {fruit}")

count = 0
while count < 5:
    count += 1
    if count == 2:
        continue
    if count == 4:
        break
    print(f"count = {count}")
# endregion
