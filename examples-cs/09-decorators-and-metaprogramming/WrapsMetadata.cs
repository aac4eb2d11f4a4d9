// Card: functools.wraps vs carrying the MethodInfo yourself - a bare wrapper hides the function's name and docstring
using System.ComponentModel;
using System.Reflection;

#region core
static Func<int, int, int> Plain(Func<int, int, int> func) => (a, b) => func(a, b);

static Wrapped Kept(Func<int, int, int> func) => new((a, b) => func(a, b), func);
#endregion

Func<int, int, int> area = Plain(Shapes.Area);
Wrapped perimeter = Kept(Shapes.Perimeter);

#region usage
Console.WriteLine($"{area(3, 4)}: name kept={area.Method.Name == nameof(Shapes.Area)}, doc={Doc(area.Method)}");
Console.WriteLine($"{perimeter.Call(3, 4)}: name kept={perimeter.Original.Method.Name == nameof(Shapes.Perimeter)}, doc={Doc(perimeter.Original.Method)}");
Console.WriteLine($"original: {perimeter.Original(1, 1)}");
#endregion

static string Doc(MethodInfo method) =>
    method.GetCustomAttribute<DescriptionAttribute>()?.Description ?? "(none)";

record Wrapped(Func<int, int, int> Call, Func<int, int, int> Original);

static class Shapes
{
    [Description("Area of a rectangle.")]
    public static int Area(int w, int h) => w * h;

    [Description("Perimeter of a rectangle.")]
    public static int Perimeter(int w, int h) => 2 * (w + h);
}
