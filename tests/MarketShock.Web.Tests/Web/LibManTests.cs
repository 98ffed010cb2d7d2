using System.Text.Json;
using System.Text.RegularExpressions;


namespace MarketShock.Tests.Web;

public sealed class LibManTests
{
    // The hammerjs 2.0.8 npm package ships a build whose banner still reads v2.0.7
    // (the 2.0.7 package's build reads v2.0.6), so a swapped file is still caught.
    private static readonly Dictionary<string, string> BannerVersionOf = new()
    {
        ["hammerjs@2.0.8"] = "2.0.7",
    };

    private static readonly string WebProjectDirectory = Path.Combine(FindRepositoryRoot(), "src", "MarketShock.Web");

    public static TheoryData<string> DeclaredLibraries => new(ReadManifest().Libraries.Select(library => library.Library));

    [Theory]
    [MemberData(nameof(DeclaredLibraries))]
    public void Every_declared_file_is_restored_with_its_declared_version(string libraryId)
    {
        LibManLibrary library = ReadManifest().Libraries.Single(l => l.Library == libraryId);
        string version = libraryId[(libraryId.LastIndexOf('@') + 1)..];
        string bannerVersion = BannerVersionOf.GetValueOrDefault(libraryId, version);

        Assert.NotEmpty(library.Files);
        foreach (string file in library.Files)
        {
            string path = Path.Combine(WebProjectDirectory, library.Destination, file);
            Assert.True(File.Exists(path), $"{libraryId}: {file} is declared but missing at {path}");

            if (path.EndsWith(".js", StringComparison.Ordinal))
            {
                string text = File.ReadAllText(path);
                string banner = text[..(text.IndexOf("*/", StringComparison.Ordinal) + 2)];
                Assert.Matches(@"\bv" + Regex.Escape(bannerVersion) + @"\b", banner);
            }
        }
    }

    [Fact]
    public void Manifest_declares_chart_js_4_with_the_date_adapter_and_the_annotation_and_zoom_plugins()
    {
        string[] libraries = ReadManifest().Libraries.Select(library => library.Library).ToArray();

        Assert.Contains(libraries, id => id.StartsWith("chart.js@4.", StringComparison.Ordinal));
        Assert.Contains(libraries, id => id.StartsWith("chartjs-adapter-date-fns@", StringComparison.Ordinal));
        Assert.Contains(libraries, id => id.StartsWith("chartjs-plugin-annotation@", StringComparison.Ordinal));
        Assert.Contains(libraries, id => id.StartsWith("chartjs-plugin-zoom@", StringComparison.Ordinal));
    }

    private static LibManManifest ReadManifest() =>
        JsonSerializer.Deserialize<LibManManifest>(
            File.ReadAllText(Path.Combine(WebProjectDirectory, "libman.json")), JsonSerializerOptions.Web)
        ?? throw new InvalidOperationException("libman.json is empty.");

    private static string FindRepositoryRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MarketShock.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("MarketShock.sln not found above " + AppContext.BaseDirectory);
    }

    private sealed record LibManManifest(string Version, LibManLibrary[] Libraries);

    private sealed record LibManLibrary(string Library, string Destination, string[] Files);
}
