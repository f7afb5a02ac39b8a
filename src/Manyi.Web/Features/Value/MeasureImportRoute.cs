using System.Globalization;
using Manyi.Web.Features.Customers;
using Manyi.Web.Features.Importing;
using Manyi.Web.Features.Reports;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Manyi.Web.Features.Value;

/// <summary>
/// The HTTP side shared by the customer- and group-measure imports: mode and acceptGoodRows, the file type and size (or the batch's
/// item count), and the outcome as 200 with the report, 422 with the report of a refused commit, 413, or 400 naming the file or items.
/// </summary>
public static class MeasureImportRoute
{
    /// <summary>A file upload as the request body; <paramref name="run"/> gets the body, its format, commit and acceptGoodRows.</summary>
    public static async Task<Results<Ok<ImportReport>, UnprocessableEntity<ImportReport>, ValidationProblem, ProblemHttpResult>> FileAsync(
        string? mode, string? acceptGoodRows, string? format, HttpRequest request,
        Func<Stream, ImportFormat, bool, bool, Task<CustomerMeasureImportOutcome>> run, Action<ImportReport> imported)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(run);
        var (commit, accept, fileFormat, errors) = ImportOptions.Parse(mode, acceptGoodRows, format);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        fileFormat ??= CustomerImport.FormatOf(null, request.ContentType);
        if (fileFormat is null)
        {
            return TypedResults.Problem("send the file as the request body with Content-Type text/csv or " + CustomerExport.XlsxContentType + " (or add format=csv|xlsx)",
                statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported file type");
        }
        if (request.ContentLength > CustomerMeasureImport.MaxBytes)
        {
            return TooLarge();
        }
        return Answer(await run(request.Body, fileFormat.Value, commit, accept), "file", imported);
    }

    /// <summary>A JSON batch of 1 to <see cref="IndirectMeasuresImport.MaxBatchItems"/> items; <paramref name="run"/> gets the items, commit and acceptGoodRows.</summary>
    public static async Task<Results<Ok<ImportReport>, UnprocessableEntity<ImportReport>, ValidationProblem, ProblemHttpResult>> BatchAsync<T>(
        string? mode, string? acceptGoodRows, MeasureBatch<T>? body,
        Func<IReadOnlyList<T?>, bool, bool, Task<CustomerMeasureImportOutcome>> run, Action<ImportReport> imported)
    {
        ArgumentNullException.ThrowIfNull(run);
        var (commit, accept, _, errors) = ImportOptions.Parse(mode, acceptGoodRows, null);
        var count = body?.Items?.Count;
        if (count is null or 0)
        {
            errors["items"] = ["items is required: a list of at least one measure"];
        }
        else if (count > IndirectMeasuresImport.MaxBatchItems)
        {
            errors["items"] = [string.Create(CultureInfo.InvariantCulture, $"at most {IndirectMeasuresImport.MaxBatchItems} items per batch")];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        return Answer(await run(body!.Items!, commit, accept), "items", imported);
    }

    private static Results<Ok<ImportReport>, UnprocessableEntity<ImportReport>, ValidationProblem, ProblemHttpResult> Answer(
        CustomerMeasureImportOutcome outcome, string field, Action<ImportReport> imported)
    {
        switch (outcome.Status)
        {
            case ImportStatus.Ok:
                imported(outcome.Report!);
                return TypedResults.Ok(outcome.Report);
            case ImportStatus.NotClean:
                return TypedResults.UnprocessableEntity(outcome.Report);
            case ImportStatus.TooLarge:
                return TooLarge();
            default:
                return TypedResults.ValidationProblem(new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [outcome.Problem!] });
        }
    }

    private static ProblemHttpResult TooLarge() =>
        TypedResults.Problem($"the file is larger than {CustomerMeasureImport.MaxBytes / (1024 * 1024)} MB; split it into smaller files", statusCode: StatusCodes.Status413PayloadTooLarge, title: "File too large");
}
