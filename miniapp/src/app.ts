import { createElement, type PropsWithChildren } from 'react';
import { PrefsProvider } from './store/prefs';
import './app.scss';

function App({ children }: PropsWithChildren) {
  return createElement(PrefsProvider, null, children);
}

export default App;
