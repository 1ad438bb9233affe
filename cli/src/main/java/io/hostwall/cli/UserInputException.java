package io.hostwall.cli;

/** Something the user gave us is wrong; the message is one clear line for stderr. */
final class UserInputException extends RuntimeException {
    UserInputException(String message) {
        super(message);
    }
}
