using System.Diagnostics;

namespace MarketShock.Tests.Infrastructure;

public sealed record CliResult(int ExitCode, string Output, string Error);

/// <summary>Runs the real executable as a user would, against the test database.</summary>
public static class Cli
{
    public static async Task<CliResult> RunAsync(this AppFixture app, IEnumerable<string> args, IDictionary<string, string>? environment = null, string? input = null)
    {
        using var process = Process.Start(app.StartInfo(args, environment))!;
        if (input is not null)
            await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await output, await error);
    }

    /// <summary>The executable with <paramref name="args"/> (none: the site), on the test database in Production unless
    /// <paramref name="environment"/> says otherwise, its standard streams redirected.</summary>
    public static ProcessStartInfo StartInfo(this AppFixture app, IEnumerable<string> args, IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "MarketShock.Web.dll"));
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        info.Environment["ConnectionStrings__MarketShock"] = app.ConnectionString;
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            info.Environment[key] = value;
        return info;
    }
}
