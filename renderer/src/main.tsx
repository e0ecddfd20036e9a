import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { openMicrophone } from './features/voice/recorder';
import { getBridge, getConnection } from './ipc/client';
import { createSwitchboardStore } from './stores';
import './styles.css';

const store = createSwitchboardStore({ bridge: getBridge(), connection: getConnection(), recorder: openMicrophone, memory: window.localStorage });
store.getState().start();

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');
createRoot(container).render(
  <StrictMode>
    <App store={store} />
  </StrictMode>,
);
