import { mount } from '../shared/mount';
import { deskTheme } from '../shared/theme';
import { PhoneApp } from './PhoneApp';

mount(deskTheme, <PhoneApp />);
