// Card: enum vs Enum - a member is not an int, Color(7) raises where (Color)7 compiles, and auto() starts at 1
#region use
var c = Color.Green;
Console.WriteLine($"{c.ToString().ToLower()} {(int)c} {c == Color.Green}");
Console.WriteLine($"{c.Equals(2)} {(int)c == 2}");    // c == 2 does not compile
Console.WriteLine($"{((Color)3).ToString().ToLower()} {(int)Enum.Parse<Color>("Red")}");
var odd = (Color)7;                                   // no error: any int converts
Console.WriteLine(Enum.IsDefined(odd) ? $"{odd}" : $"{odd} is not a Color");
Console.WriteLine(string.Join(", ", Enum.GetValues<Color>().Select(m => m.ToString().ToLower())));
var perms = Perm.Read | Perm.Write;
Console.WriteLine($"{perms.HasFlag(Perm.Write)} {perms.HasFlag(Perm.Exec)} {(int)perms}");
#endregion

#region core
enum Color { Red = 1, Green, Blue }  // without "= 1", Red would be 0

[Flags]
enum Perm { Read = 1, Write = 2, Exec = 4 }
#endregion
