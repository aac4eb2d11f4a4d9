// Card: for (int i...)/foreach vs for ... in range()/for ... in - range's stop is exclusive and there is no i++
string[] fruits = ["apple", "banana", "cherry"];
#region core
for (int i = 0; i < 3; i++)
    Console.WriteLine($"i = {i}");

for (int i = 10; i > 0; i -= 3)
    Console.Write($"{i}... ");
Console.WriteLine("liftoff");

foreach (var fruit in fruits)
    Console.WriteLine(fruit.ToUpper());

foreach (var (index, fruit) in fruits.Index())   // .NET 9+
    Console.WriteLine($"{index}: {fruit}");

int count = 0;
while (count < 5)
{
    count++;
    if (count == 2)
        continue;
    if (count == 4)
        break;
    Console.WriteLine($"count = {count}");
}
#endregion
