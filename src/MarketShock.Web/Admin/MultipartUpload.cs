using System.Text;
using MarketShock.Imports;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace MarketShock.Admin;

/// <summary>
/// A multipart/form-data request read as a stream: the small fields into memory and each file into a temporary
/// file of its own, so that an upload of any size never sits in memory. Disposing deletes the files.
/// </summary>
internal sealed class MultipartUpload : IDisposable
{
    private const int MaxFields = 32;
    private const int MaxFieldLength = 4096;
    private const int MaxFileNameLength = 255;

    private readonly string _folder = Directory.CreateTempSubdirectory("marketshock-upload-").FullName;
    private readonly Dictionary<string, string> _fields = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<UploadedFile> _files = [];

    private MultipartUpload()
    {
    }

    public IReadOnlyDictionary<string, string> Fields => _fields;
    public IReadOnlyList<UploadedFile> Files => _files;

    /// <summary>
    /// Reads the whole body. The antiforgery token, from the header or from a field before the first file, is
    /// checked before any file is written.
    /// </summary>
    /// <exception cref="InvalidDataException">The body is not well-formed multipart/form-data.</exception>
    /// <exception cref="AntiforgeryValidationException">The token is missing or not valid.</exception>
    public static async Task<MultipartUpload> ReadAsync(HttpContext context, CancellationToken ct)
    {
        var upload = new MultipartUpload();
        try
        {
            var reader = new MultipartReader(Boundary(context.Request), context.Request.Body);
            var validated = false;
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
                    throw new InvalidDataException("a part of the upload has no Content-Disposition header");
                if (disposition.IsFileDisposition())
                {
                    if (!validated)
                        await ValidateAntiforgeryAsync(context, upload._fields);
                    validated = true;
                    await upload.SaveFileAsync(disposition, section.Body, ct);
                }
                else if (disposition.IsFormDisposition())
                    await upload.ReadFieldAsync(HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "", section.Body, ct);
            }
            if (!validated)
                await ValidateAntiforgeryAsync(context, upload._fields);
            return upload;
        }
        catch
        {
            upload.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A temporary folder left behind is not worth failing the request for; the system cleans its temp folder.
        }
    }

    private async Task ReadFieldAsync(string name, Stream body, CancellationToken ct)
    {
        if (_fields.Count >= MaxFields)
            throw new InvalidDataException($"the upload has more than {MaxFields} fields");
        using var text = new StreamReader(body, Encoding.UTF8);
        var buffer = new char[MaxFieldLength + 1];
        var length = await text.ReadBlockAsync(buffer, ct);
        if (length > MaxFieldLength)
            throw new InvalidDataException($"the field {name} is longer than {MaxFieldLength} characters");
        _fields[name] = new string(buffer, 0, length);
    }

    private async Task SaveFileAsync(ContentDispositionHeaderValue disposition, Stream body, CancellationToken ct)
    {
        var name = FileName(disposition);
        if (name.Length == 0)
        {
            // A form posted with no file chosen still sends an empty, nameless part.
            await body.CopyToAsync(Stream.Null, ct);
            return;
        }
        var path = Path.Combine(_folder, $"{_files.Count}.upload");
        await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            await body.CopyToAsync(file, ct);
        _files.Add(new UploadedFile(name, path, new FileInfo(path).Length));
    }

    private static string FileName(ContentDispositionHeaderValue disposition)
    {
        var name = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? "";
        // Some browsers send the whole path on the user's machine; the file's name is its last part.
        name = name[(name.LastIndexOfAny(['/', '\\']) + 1)..].Trim();
        return name.Length > MaxFileNameLength ? name[..MaxFileNameLength] : name;
    }

    private static string Boundary(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            throw new InvalidDataException("the upload is not multipart/form-data");
        var boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value;
        if (string.IsNullOrWhiteSpace(boundary) || boundary.Length > 70)
            throw new InvalidDataException("the upload has no valid multipart boundary");
        return boundary;
    }

    /// <summary>
    /// The framework reads the token from the header before it would fall back to reading (and buffering) the form,
    /// so a token that came as a field of the stream is handed over as that header.
    /// </summary>
    private static async Task ValidateAntiforgeryAsync(HttpContext context, Dictionary<string, string> fields)
    {
        var names = context.RequestServices.GetRequiredService<IOptions<AntiforgeryOptions>>().Value;
        var header = names.HeaderName ?? throw new InvalidOperationException("Uploads need an antiforgery header name.");
        if (!context.Request.Headers.ContainsKey(header))
        {
            if (!fields.TryGetValue(names.FormFieldName, out var token))
                throw new AntiforgeryValidationException("The antiforgery token is missing: it must come before the files.");
            context.Request.Headers[header] = token;
        }
        await context.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(context);
    }
}

/// <summary>One uploaded file, stored under a temporary name until it is imported.</summary>
internal sealed record UploadedFile(string FileName, string TempPath, long Size)
{
    public ImportSource ToSource() => new(FileName, Size, () => File.OpenRead(TempPath));

    public void Delete() => File.Delete(TempPath);
}
