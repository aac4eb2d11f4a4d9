// Card: print() vs Console.WriteLine - print joins its arguments with spaces and ends with a newline
#region core
Console.WriteLine("Hello, World!");
Console.WriteLine(string.Join(" ", "Hello", "World", 2025));
Console.WriteLine(string.Join(", ", "a", "b", "c"));
Console.Write("no newline...");
Console.WriteLine(" continued");
List<int> numbers = [1, 2, 3];
Console.WriteLine($"[{string.Join(", ", numbers)}]"); // WriteLine(numbers) prints the type name
#endregion
