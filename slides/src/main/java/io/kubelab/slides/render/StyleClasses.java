package io.kubelab.slides.render;

/** The style classes the renderer sets; the theme CSS files style them (and only them). */
public final class StyleClasses {
    private StyleClasses() {}

    public static final String SLIDE = "kubelab-slide";
    public static final String FIRST_SLIDE = "slide-first";
    public static final String NOTES = "slide-notes";
    public static final String HEADING = "slide-heading";
    /** Followed by the level: {@code slide-h1} … {@code slide-h6}. */
    public static final String HEADING_LEVEL = "slide-h";
    public static final String PARAGRAPH = "slide-paragraph";
    public static final String TEXT = "slide-text";
    public static final String EMPHASIS = "slide-emphasis";
    public static final String STRONG = "slide-strong";
    public static final String CODE_INLINE = "slide-code-inline";
    public static final String LINK = "slide-link";
    public static final String LIST = "slide-list";
    public static final String LIST_ITEM = "slide-list-item";
    public static final String BULLET = "slide-bullet";
    public static final String CODE_BLOCK = "slide-code-block";
    public static final String CODE_TEXT = "slide-code-text";
    /** Followed by the code block's language: {@code language-yaml}. */
    public static final String CODE_LANGUAGE = "language-";
    public static final String IMAGE = "slide-image";
    public static final String IMAGE_MISSING = "slide-image-missing";
    public static final String TABLE = "slide-table";
    public static final String TABLE_HEADER = "slide-table-header";
    public static final String TABLE_CELL = "slide-table-cell";
    public static final String QUOTE = "slide-quote";
    public static final String WIDGET = "slide-widget";
    public static final String WIDGET_PLACEHOLDER = "slide-widget-placeholder";
}
