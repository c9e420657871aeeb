package io.kubelab.slides;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The slides module's rules: JavaFX only in the renderer; the model knows no parser or renderer. */
class ArchitectureTest {
    private static JavaClasses slides;

    @BeforeAll
    static void load() {
        slides = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.kubelab.slides");
    }

    @Test
    void onlyTheRendererUsesJavaFx() {
        noClasses().that().resideOutsideOfPackage("io.kubelab.slides.render..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..")
                .because("decks are parsed and navigated headless (tests, the lesson checker, exports)")
                .check(slides);
    }

    @Test
    void modelParserAndPresenterDoNotDependOnTheRenderer() {
        noClasses().that().resideInAnyPackage("io.kubelab.slides.model..", "io.kubelab.slides.parser..",
                        "io.kubelab.slides.presenter..")
                .should().dependOnClassesThat().resideInAnyPackage("io.kubelab.slides.render..")
                .check(slides);
    }

    @Test
    void theModelDependsOnNoLibrary() {
        noClasses().that().resideInAPackage("io.kubelab.slides.model..")
                .should().dependOnClassesThat().resideInAnyPackage("org.commonmark..", "com.fasterxml..",
                        "io.kubelab.slides.parser..")
                .check(slides);
    }

    @Test
    void slidesDependOnNoOtherKubelabModule() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "io.kubelab.engine..", "io.kubelab.lessons..", "io.kubelab.app..", "io.kubelab.runtime..")
                .check(slides);
    }
}
