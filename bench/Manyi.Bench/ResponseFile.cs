using System.Globalization;
using System.Text;

namespace Manyi.Bench;

/// <summary>
/// A synthetic survey export: <c>id,nps,csat,q1…q18</c> — a 0–10 likelihood, a 1–5 CSAT and 18 five-point
/// Likert items (20 answers per response), about 2% of cells blank, driven by one latent satisfaction per
/// respondent so that items correlate as in real data. Deterministic for a given row count.
/// </summary>
internal static class ResponseFile
{
    public const int LikertItems = 18;

    public static string PathFor(int rows) =>
        Repository.Path("bench", "data", $"responses-{rows}.csv");

    /// <summary>Writes the file once; later runs reuse it.</summary>
    public static string Ensure(int rows)
    {
        var path = PathFor(rows);
        if (File.Exists(path))
        {
            return path;
        }
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var random = new Random(20261127);
        var temp = path + ".tmp";
        using (var writer = new StreamWriter(temp, false, new UTF8Encoding(false), 1 << 20))
        {
            var header = new StringBuilder("id,nps,csat");
            for (var q = 1; q <= LikertItems; q++)
            {
                header.Append(CultureInfo.InvariantCulture, $",q{q}");
            }
            writer.Write(header.Append('\n'));
            var line = new StringBuilder(64);
            for (var i = 1; i <= rows; i++)
            {
                // Skewed towards satisfied, as real satisfaction data are.
                var latent = Math.Sqrt(random.NextDouble());
                line.Clear().Append(i.ToString(CultureInfo.InvariantCulture));
                Answer(line, random, latent, 0, 10);
                Answer(line, random, latent, 1, 5);
                for (var q = 0; q < LikertItems; q++)
                {
                    Answer(line, random, latent, 1, 5);
                }
                writer.Write(line.Append('\n'));
            }
        }
        File.Move(temp, path, overwrite: true);
        return path;
    }

    private static void Answer(StringBuilder line, Random random, double latent, int min, int max)
    {
        line.Append(',');
        if (random.NextDouble() < 0.02)
        {
            return;
        }
        var noisy = Math.Clamp(latent + (random.NextDouble() - 0.5) * 0.6, 0, 0.999999);
        line.Append((min + (int)(noisy * (max - min + 1))).ToString(CultureInfo.InvariantCulture));
    }
}
