// Card: static members vs @staticmethod/@classmethod - factories are @classmethod (they get cls); update counters via the class, not self
var boil = Temperature.FromFahrenheit(212);
var ice = new Temperature(-3.5);
Console.WriteLine($"{boil.Celsius:F1} {ice.Celsius:F1}");
Console.WriteLine($"{Temperature.IsFreezing(boil.Celsius)} {Temperature.IsFreezing(ice.Celsius)}");
Console.WriteLine($"created: {Temperature.Created}");

#region core
class Temperature
{
    public static int Created { get; private set; }

    public double Celsius { get; }

    public Temperature(double celsius)
    {
        Celsius = celsius;
        Created++;
    }

    public static Temperature FromFahrenheit(double f) => new((f - 32) * 5 / 9);

    public static bool IsFreezing(double celsius) => celsius <= 0;
}
#endregion
