/**
 * The self-hosted fonts a theme may choose (packages/theme FONT_CATALOGUE): each package's
 * @font-face rules, bundled and served from our own origin. A browser only downloads a face when
 * a page uses its family, so listing them all costs nothing until a theme selects one.
 * A test in packages/theme/test/fonts.test.ts keeps this list equal to the catalogue.
 */
import '@fontsource-variable/dm-sans';
import '@fontsource-variable/fira-code';
import '@fontsource-variable/geist';
import '@fontsource-variable/geist-mono';
import '@fontsource-variable/inter';
import '@fontsource-variable/jetbrains-mono';
import '@fontsource-variable/lora';
import '@fontsource-variable/merriweather';
import '@fontsource-variable/montserrat';
import '@fontsource-variable/open-sans';
import '@fontsource-variable/outfit';
import '@fontsource-variable/playfair-display';
import '@fontsource-variable/plus-jakarta-sans';
import '@fontsource-variable/roboto';
import '@fontsource-variable/source-code-pro';
import '@fontsource-variable/source-serif-4';
