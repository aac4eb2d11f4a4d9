// Card: top-level statements vs if __name__ == "__main__" - an imported Python file runs its top-level code too
using System.ComponentModel;
using System.Reflection;

#region core
// Top-level statements: only one file per project may have them, so no guard is needed
Console.WriteLine($"area: {Geometry.Area(3.0, 4.5)}");
var doc = typeof(Geometry).GetMethod(nameof(Geometry.Area))!
    .GetCustomAttribute<DescriptionAttribute>()!.Description;
Console.WriteLine($"doc: {doc}"); // a /// comment is not visible at run time; an attribute is

static class Geometry
{
    /// <summary>Return the area of a width x height rectangle.</summary>
    [Description("Return the area of a width x height rectangle.")]
    public static double Area(double width, double height) => width * height; // a comment
}
#endregion
