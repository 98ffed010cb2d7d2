using MarketShock.Imports;

namespace MarketShock.Cli;

/// <summary>
/// A one-line progress indicator on standard error for large files, shown only on a terminal, so that
/// standard output keeps exactly one summary line per file for scripts.
/// </summary>
internal static class ProgressLine
{
    private const long LargeFile = 16 * 1024 * 1024;

    public static IProgress<long>? For(ImportSource source) =>
        Shown(source) ? new Progress<long>(read => Console.Error.Write($"\r{source.FileName}: {100.0 * read / source.Size,5:0.0}% of {source.Size / 1048576.0:0} MB")) : null;

    public static void Clear(ImportSource source)
    {
        if (Shown(source))
            Console.Error.Write("\r\u001b[2K");
    }

    private static bool Shown(ImportSource source) => source.Size >= LargeFile && !Console.IsErrorRedirected;
}
