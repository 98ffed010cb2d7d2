namespace MarketShock.Tests.Infrastructure;

/// <summary>The real price data in the folder named by MARKETSHOCK_SAMPLE_DATA (the project's shared/data).</summary>
public static class SampleData
{
    public const string Variable = "MARKETSHOCK_SAMPLE_DATA";

    public static string? Folder => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } folder && Directory.Exists(folder)
        ? System.IO.Path.GetFullPath(folder)
        : null;

    public static string Path(params string[] parts) => System.IO.Path.Combine([Folder!, .. parts]);
}

/// <summary>A fact that needs the real data; skipped, saying why, when MARKETSHOCK_SAMPLE_DATA is not set.</summary>
public sealed class SampleDataFactAttribute : FactAttribute
{
    public SampleDataFactAttribute()
    {
        if (SampleData.Folder is null)
            Skip = $"needs the real data: set {SampleData.Variable} to the folder holding prices/, shares/, splits/ and companies.csv";
    }
}
