using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Npgsql;

namespace MarketShock.Data;

/// <summary>
/// A private PostgreSQL cluster in a folder of our own, started from the machine's server binaries
/// so that MarketShock runs with nothing configured. A cluster already running from that folder is
/// reused and left running; one this instance started is stopped on dispose.
/// </summary>
public sealed class EmbeddedPostgres : IAsyncDisposable
{
    private const string SuperUser = "marketshock";
    private const string ServiceAccount = "postgres";

    private readonly PostgresBinaries _bin;
    private readonly bool _ownsServer;

    private EmbeddedPostgres(PostgresBinaries bin, string dataDirectory, int port, string password, bool ownsServer)
    {
        _bin = bin;
        _ownsServer = ownsServer;
        DataDirectory = dataDirectory;
        Port = port;
        Password = password;
    }

    public string DataDirectory { get; }
    public int Port { get; }
    private string Password { get; }

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = SuperUser,
        Password = Password,
        Database = database,
    }.ConnectionString;

    /// <summary>Starts (or reuses) the cluster in <paramref name="dataDirectory"/> and makes sure <paramref name="database"/> exists.</summary>
    public static async Task<EmbeddedPostgres> StartAsync(string dataDirectory, string database, CancellationToken ct = default)
    {
        var bin = PostgresBinaries.Find();
        dataDirectory = Path.GetFullPath(dataDirectory);
        var passwordFile = dataDirectory + ".password";

        if (!File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
            await InitAsync(bin, dataDirectory, passwordFile, ct);
        var password = (await File.ReadAllTextAsync(passwordFile, ct)).Trim();

        var runningPort = await RunningPortAsync(bin, dataDirectory, ct);
        var server = new EmbeddedPostgres(bin, dataDirectory, runningPort ?? FreeLoopbackPort(), password, runningPort is null);
        if (runningPort is null)
        {
            await bin.RunAsync("pg_ctl", ["start", "-w", "-t", "60", "-D", dataDirectory,
                "-l", Path.Combine(dataDirectory, "server.log"),
                "-o", $"-p {server.Port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''"], ct);
        }
        await server.CreateDatabaseAsync(database, ct);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (_ownsServer)
            await _bin.TryRunAsync("pg_ctl", ["stop", "-w", "-m", "fast", "-D", DataDirectory], CancellationToken.None);
    }

    private static async Task InitAsync(PostgresBinaries bin, string dataDirectory, string passwordFile, CancellationToken ct)
    {
        Directory.CreateDirectory(dataDirectory);
        await File.WriteAllTextAsync(passwordFile, Convert.ToHexString(RandomNumberGenerator.GetBytes(24)), ct);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        if (bin.RunsAsServiceAccount)
        {
            await bin.RunAsync("chown", [ServiceAccount, dataDirectory], ct);
            await bin.RunAsync("chmod", ["700", dataDirectory], ct);
        }

        // initdb reads the password from a file the server's account can open; it is deleted right after.
        var initPasswordFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(initPasswordFile, await File.ReadAllTextAsync(passwordFile, ct), ct);
        if (bin.RunsAsServiceAccount)
            await bin.RunAsync("chown", [ServiceAccount, initPasswordFile], ct);
        try
        {
            await bin.RunAsync("initdb", ["-D", dataDirectory, "-U", SuperUser, "--pwfile", initPasswordFile,
                "--auth", "scram-sha-256", "-E", "UTF8", "--locale", "C", "--no-instructions"], ct);
        }
        finally
        {
            File.Delete(initPasswordFile);
        }
    }

    private static async Task<int?> RunningPortAsync(PostgresBinaries bin, string dataDirectory, CancellationToken ct)
    {
        var pidFile = Path.Combine(dataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile) || !await bin.TryRunAsync("pg_ctl", ["status", "-D", dataDirectory], ct))
            return null;
        // postmaster.pid: line 4 is the port the running server listens on.
        var lines = await File.ReadAllLinesAsync(pidFile, ct);
        return lines.Length > 3 && int.TryParse(lines[3], out var port) ? port : null;
    }

    private async Task CreateDatabaseAsync(string database, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection)
        {
            Parameters = { new() { Value = database } },
        };
        if (await exists.ExecuteScalarAsync(ct) is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
            await create.ExecuteNonQueryAsync(ct);
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Where initdb and pg_ctl are, and how to run them (initdb refuses to run as root).</summary>
    private sealed record PostgresBinaries(string Directory, bool RunsAsServiceAccount)
    {
        public static PostgresBinaries Find()
        {
            var candidates = (Environment.GetEnvironmentVariable("PATH") ?? "")
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Concat(System.IO.Directory.Exists("/usr/lib/postgresql")
                    ? System.IO.Directory.GetDirectories("/usr/lib/postgresql")
                        .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var major) ? major : 0)
                        .Select(d => Path.Combine(d, "bin"))
                    : []);
            var directory = candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
                ?? throw new InvalidOperationException(
                    "No database is configured and no PostgreSQL server binaries (initdb, pg_ctl) were found on PATH or under " +
                    "/usr/lib/postgresql/*/bin. Install PostgreSQL 15 or later, set ConnectionStrings__MarketShock to a " +
                    "server you have (e.g. \"Host=localhost;Database=marketshock;Username=...;Password=...\"), or run `docker compose up`.");
            var isRoot = Environment.UserName == "root";
            return new PostgresBinaries(directory, isRoot);
        }

        public async Task RunAsync(string tool, string[] args, CancellationToken ct)
        {
            var (exitCode, output) = await ExecuteAsync(tool, args, ct);
            if (exitCode != 0)
                throw new InvalidOperationException($"Embedded PostgreSQL: `{tool} {string.Join(' ', args)}` failed with exit code {exitCode}: {output.Trim()}");
        }

        public async Task<bool> TryRunAsync(string tool, string[] args, CancellationToken ct) =>
            (await ExecuteAsync(tool, args, ct)).ExitCode == 0;

        private async Task<(int ExitCode, string Output)> ExecuteAsync(string tool, string[] args, CancellationToken ct)
        {
            var isServerTool = tool is "initdb" or "pg_ctl";
            var info = new ProcessStartInfo
            {
                FileName = isServerTool ? Path.Combine(Directory, tool) : tool,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = "/",
            };
            if (isServerTool && RunsAsServiceAccount)
            {
                info.ArgumentList.Add("-u");
                info.ArgumentList.Add(ServiceAccount);
                info.ArgumentList.Add("--");
                info.ArgumentList.Add(info.FileName);
                info.FileName = "runuser";
            }
            foreach (var arg in args)
                info.ArgumentList.Add(arg);

            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync(ct);
            var stderr = process.StandardError.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            return (process.ExitCode, await stderr + await stdout);
        }
    }
}
