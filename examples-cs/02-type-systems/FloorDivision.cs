// Card: int / and % vs // and % - C# truncates toward zero (-7 / 2 == -3), Python floors (-7 // 2 == -4)
#region core
Console.WriteLine(" a  b | a//b  a%b | trunc fmod");
foreach (var (a, b) in new[] { (7, 2), (-7, 2), (7, -2), (-6, 2) })   // -6 / 2 is exact: all agree
{
    int floor = (int)Math.Floor((double)a / b);   // Python's //
    int mod = a - b * floor;                      // Python's %
    var (trunc, rem) = Math.DivRem(a, b);         // same as a / b and a % b
    Console.WriteLine($"{a,2} {b,2} | {floor,4} {mod,4} | {trunc,5} {rem,4}");
}

Console.WriteLine($"{-7 / 2.0} {-7.0 % 2:F1}");  // -7 / 2 would be -3
#endregion
