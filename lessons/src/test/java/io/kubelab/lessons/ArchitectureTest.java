package io.kubelab.lessons;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The lessons module's rules: headless (CI replays lessons), over the engine only. */
class ArchitectureTest {
    private static JavaClasses lessons;

    @BeforeAll
    static void load() {
        lessons = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.kubelab.lessons");
    }

    @Test
    void lessonsUseNoJavaFxAndNoOtherModuleButTheEngine() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("javafx..", "io.kubelab.slides..",
                        "io.kubelab.app..", "io.kubelab.runtime..")
                .because("lessons are loaded, checked and replayed headless; the app shows them")
                .check(lessons);
    }

    @Test
    void checksAreEvaluatedWithoutTouchingTheLoaderOrTheReplayer() {
        noClasses().that().resideInAPackage("io.kubelab.lessons.check..")
                .should().dependOnClassesThat().resideInAnyPackage("io.kubelab.lessons.load..",
                        "io.kubelab.lessons.replay..", "io.kubelab.lessons.progress..")
                .check(lessons);
    }

    @Test
    void lessonsStartNoProcesses() {
        noClasses().should().dependOnClassesThat().haveFullyQualifiedName(ProcessBuilder.class.getName())
                .check(lessons);
    }
}
