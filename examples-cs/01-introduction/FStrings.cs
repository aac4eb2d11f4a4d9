// Card: $"..." vs f"..." - same idea, but {x:8} left-aligns strings and right-aligns numbers in Python
var name = "Ada";
var items = 3;
#region core
Console.WriteLine($"Hello, {name}!");
Console.WriteLine($"{items} item{(items != 1 ? "s" : "")}"); // ?: needs parentheses
Console.WriteLine($"[{name,8}] [{name,-8}]");                  // ,8 right, ,-8 left
Console.WriteLine($"[{name,-8}] [{items,8}]");                 // always explicit
Console.WriteLine($"{{braces}} and {name.ToUpper()}");
Console.WriteLine($"{nameof(items)}={items}");
#endregion
