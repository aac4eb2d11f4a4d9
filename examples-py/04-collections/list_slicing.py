# Card: List<T> indexes/ranges vs list slicing - a[1:3] stops BEFORE index 3, -1 is C#'s ^1, and a slice never throws
nums = [10, 20, 30, 40, 50]

# region core
print(nums[0], nums[-1])    # first, last (C#: nums[^1])
print(nums[1:3])            # start 1, stop 3 (exclusive): like nums[1..3]
print(nums[:2], nums[-2:])  # first two, last two
print(nums[::2])            # every 2nd item (step)
print(nums[::-1])           # reversed copy; nums itself is unchanged
print(nums[3:99])           # past the end: clamped, no exception
# endregion

nums.insert(0, 0)
nums.append(60)
print(len(nums), nums)
