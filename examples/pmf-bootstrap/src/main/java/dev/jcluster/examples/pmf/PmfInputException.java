package dev.jcluster.examples.pmf;

/** An input file that cannot be used; the message names the file, the row and the column. */
public class PmfInputException extends Exception {
    public PmfInputException(String message) {
        super(message);
    }
}
