// Card: List<T> indexes/ranges vs list slicing - a[1:3] stops BEFORE index 3, -1 is C#'s ^1, and a slice never throws
List<int> nums = [10, 20, 30, 40, 50];

#region core
Console.WriteLine($"{nums[0]} {nums[^1]}");
Console.WriteLine(Show(nums[1..3]));                  // List<T>.Slice (.NET 8+)
Console.WriteLine($"{Show(nums[..2])} {Show(nums[^2..])}");
Console.WriteLine(Show(nums.Where((_, i) => i % 2 == 0)));   // no step syntax in C#
Console.WriteLine(Show(Enumerable.Reverse(nums)));    // nums.Reverse() would reverse in place
Console.WriteLine(Show(nums.Skip(3).Take(96)));       // nums[3..99] throws ArgumentException
#endregion

nums.Insert(0, 0);
nums.Add(60);
Console.WriteLine($"{nums.Count} {Show(nums)}");

static string Show(IEnumerable<int> xs) => $"[{string.Join(", ", xs)}]";
