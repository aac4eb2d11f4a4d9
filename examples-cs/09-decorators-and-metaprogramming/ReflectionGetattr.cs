// Card: getattr/setattr/hasattr vs GetProperty/GetValue/SetValue - lookup is exact-case, and a missing name raises unless you pass a default
using System.Reflection;

#region core
var p = new Point(3, 4);
Type type = p.GetType();
const BindingFlags Any = BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase; // "x" finds X
foreach (string name in new[] { "x", "y" })
    Console.WriteLine($"{name} = {type.GetProperty(name, Any)!.GetValue(p)}");

type.GetProperty("y", Any)!.SetValue(p, 10);
PropertyInfo? z = type.GetProperty("z", Any); // null, no exception
Console.WriteLine($"{p.Y} {z is not null} {z?.GetValue(p) ?? "n/a"}");

type.GetMethod("move", Any)!.Invoke(p, [1, 1]);
Console.WriteLine($"{p.X} {p.Y}");
#endregion

class Point(int x, int y)
{
    public int X { get; set; } = x;
    public int Y { get; set; } = y;

    public void Move(int dx, int dy) => (X, Y) = (X + dx, Y + dy);
}
