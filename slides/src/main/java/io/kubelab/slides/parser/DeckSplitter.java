package io.kubelab.slides.parser;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cuts a deck's text into slides at lines that are exactly {@code ---}, and each slide into what
 * the audience sees and the speaker notes (everything after a line {@code Note:} or {@code ???}).
 * Neither marker counts inside a fenced code block, so a multi-document YAML manifest in a code
 * block stays whole. Everything else is Markdown, parsed by commonmark.
 */
final class DeckSplitter {
    private DeckSplitter() {}

    /** CommonMark's fence opener: up to 3 spaces, then 3+ backticks or tildes. */
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,})(.*)$");

    /**
     * One slide's text.
     *
     * @param line      1-based source line of the body's first line
     * @param body      the slide's Markdown
     * @param notesLine 1-based source line of the notes' first line (0 when there are no notes)
     * @param notes     the notes' Markdown, or {@code ""}
     */
    record Chunk(int line, String body, int notesLine, String notes) {
        boolean isBlank() {
            return body.isBlank() && notes.isBlank();
        }
    }

    static List<Chunk> split(String text) {
        String[] lines = text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        List<Chunk> chunks = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        StringBuilder notes = null;
        int start = 1;
        int notesLine = 0;
        char fenceChar = 0;
        int fenceLength = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int lineNo = i + 1;
            Matcher fence = FENCE.matcher(line);
            if (fenceChar == 0 && fence.matches()) {
                fenceChar = fence.group(1).charAt(0);
                fenceLength = fence.group(1).length();
            } else if (fenceChar != 0 && fence.matches() && fence.group(1).charAt(0) == fenceChar
                    && fence.group(1).length() >= fenceLength && fence.group(2).isBlank()) {
                fenceChar = 0;
            } else if (fenceChar == 0 && line.strip().equals("---")) {
                chunks.add(new Chunk(start, body.toString(), notesLine, notes == null ? "" : notes.toString()));
                body.setLength(0);
                notes = null;
                notesLine = 0;
                start = lineNo + 1;
                continue;
            } else if (fenceChar == 0 && notes == null && (line.strip().equals("Note:") || line.strip().equals("???"))) {
                notes = new StringBuilder();
                notesLine = lineNo + 1;
                continue;
            }
            (notes == null ? body : notes).append(line).append('\n');
        }
        chunks.add(new Chunk(start, body.toString(), notesLine, notes == null ? "" : notes.toString()));
        return chunks;
    }
}
