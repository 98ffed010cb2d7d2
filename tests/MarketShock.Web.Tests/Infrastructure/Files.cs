namespace MarketShock.Tests.Infrastructure;

/// <summary>Small CSV files written by a test into a folder of its own.</summary>
public sealed class Files : IDisposable
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("marketshock-files-").FullName;

    public string Write(string name, string content)
    {
        var path = Path.Combine(Folder, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public static string Fixture(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]);

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
