// Card: File.ReadAllText (UTF-8 everywhere) vs open()/read_text (the locale's encoding) - always pass encoding=, and utf-8-sig for a BOM
using System.Text;

#region core
var path = "notes.txt";
File.WriteAllText(path, "Zürich, naïve café\n");              // UTF-8 without a BOM on every OS
var text = File.ReadAllText(path);                            // UTF-8 unless a BOM says otherwise
Console.WriteLine($"{File.ReadAllBytes(path).Length} bytes, {text.Length} chars: {text.Trim()}");
Console.WriteLine(File.ReadAllText(path, Encoding.Latin1).Trim()); // the wrong codec: mojibake, no error

// Encoding.ASCII would quietly turn every bad byte into '?': ask for an exception instead
var strictAscii = Encoding.GetEncoding("us-ascii", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
try
{
    strictAscii.GetString(File.ReadAllBytes(path));
}
catch (DecoderFallbackException e)
{
    Console.WriteLine($"ascii: cannot decode byte 0x{e.BytesUnknown![0]:x} at {e.Index}");
}

File.WriteAllText(path, "Zürich\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true)); // with a BOM
Console.WriteLine($"{Encoding.UTF8.GetString(File.ReadAllBytes(path))[0] == '\uFEFF'} " + // decoding keeps it
                  $"{File.ReadAllText(path)[0] == 'Z'}");                                   // ReadAllText removes it
#endregion
