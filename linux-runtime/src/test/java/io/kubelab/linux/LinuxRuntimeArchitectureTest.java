package io.kubelab.linux;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** linux-runtime's rules: the OCI generation is pure; no JavaFX. */
class LinuxRuntimeArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.kubelab.linux");
    }

    @Test
    void ociGenerationIsPure() {
        noClasses().that().resideInAPackage("io.kubelab.linux.oci..").should().dependOnClassesThat()
                .haveFullyQualifiedName(ProcessBuilder.class.getName())
                .orShould().dependOnClassesThat().haveFullyQualifiedName(java.nio.file.Files.class.getName())
                .orShould().dependOnClassesThat().resideInAnyPackage("io.kubelab.linux.runc..", "io.kubelab.linux.image..")
                .because("config.json generation is golden-tested data in, data out; running it is the runc package's job")
                .check(classes);
    }

    @Test
    void noJavaFx() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("javafx..").check(classes);
    }
}
