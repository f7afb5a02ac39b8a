namespace Manyi.Cli.Input;

/// <summary>A problem with the user's input file or options, reported as one message and exit code 2.</summary>
internal sealed class InputException : Exception
{
    public InputException(string message) : base(message)
    {
    }

    public InputException(string message, Exception inner) : base(message, inner)
    {
    }

    /// <summary>A message that names the file, line, column and offending value.</summary>
    public static InputException AtCell(string file, int line, string column, string? value, string reason) =>
        new($"{file}, line {line}, column '{column}': {(value is null ? "empty value" : $"'{value}'")} {reason}");
}
