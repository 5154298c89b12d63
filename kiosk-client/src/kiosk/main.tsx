import { mount } from '../shared/mount';
import { kioskTheme } from '../shared/theme';
import { KioskApp } from './KioskApp';

mount(kioskTheme, <KioskApp />);
